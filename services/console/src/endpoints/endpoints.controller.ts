import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AddEndpointsRequest,
  Category,
  CategoryQuery,
  SetUrlRequest,
  SuspendRequest,
  UpdateApiVersionRequest,
  type CategoryGuideDto,
  type EndpointDto,
} from '../api/api.schemas';
import { ApiIfMatch, ApiJsonBody, ApiJsonResponse, ApiProblems, ApiStateChange } from '../api/openapi';
import { endpointIdParam, expectedVersionOf, idempotencyKeyOf, parseInput } from '../http/request-input';
import { CsrfGuard, Operator, SignedInGuard } from '../session/session.guards';
import type { OperatorCall } from '../upstream/operator-call';
import { RegistryGateway, type EndpointChange } from '../upstream/registry.gateway';
import { categoryGuide } from './category-guide';
import { toHistoryEntryDto } from './endpoint-history.rest-mapper';
import { toApiVersionDto, toEndpointDto } from './endpoint.rest-mapper';

const ENDPOINT_ID = { name: 'endpointId', description: '`ep_` + 26 base32 characters', example: 'ep_01JDY3V7W6X8Z9ABCDEFGHJKMN' };

function changeOf(request: Request, endpointId: string): EndpointChange {
  return { endpointId: endpointIdParam(endpointId), requestId: idempotencyKeyOf(request), expectedVersion: expectedVersionOf(request) };
}

/** The Webhook section's endpoints, through the endpoint registry, for the signed-in operator's partner. */
@ApiTags('endpoints')
@ApiCookieAuth('session')
@Controller('api')
@UseGuards(SignedInGuard, CsrfGuard)
export class EndpointsController {
  constructor(private readonly registry: RegistryGateway) {}

  @Get('categories')
  @ApiOperation({ summary: 'The three categories: what their endpoints do, their notes, and the methods each offers (ARI: Push only)' })
  @ApiJsonResponse(200, 'CategoryGuide', 'The categories')
  @ApiProblems(401)
  categories(): CategoryGuideDto {
    return categoryGuide();
  }

  @Get('endpoints')
  @ApiOperation({ summary: 'The partner’s endpoints of one category (deleted ones excluded)' })
  @ApiQuery({ name: 'category', enum: Category.options })
  @ApiJsonResponse(200, 'EndpointList', 'The endpoints')
  @ApiProblems(400, 401, 503, 504)
  async list(@Operator() operator: OperatorCall, @Query('category') category: unknown): Promise<{ endpoints: EndpointDto[] }> {
    const endpoints = await this.registry.list(operator, parseInput(CategoryQuery, { category }).category);
    return { endpoints: endpoints.map(toEndpointDto) };
  }

  @Post('endpoints')
  @ApiOperation({ summary: 'Add one endpoint per selected method; each new key is in the answer, once' })
  @ApiStateChange()
  @ApiJsonBody('AddEndpointsRequest')
  @ApiJsonResponse(201, 'AddEndpointsResult', 'The new endpoints and their keys')
  @ApiProblems(400, 401, 403, 409, 503, 504)
  async add(@Operator() operator: OperatorCall, @Req() request: Request, @Body() body: unknown): Promise<{ endpoints: { endpoint: EndpointDto; key: string }[] }> {
    const input = parseInput(AddEndpointsRequest, body);
    const added = await this.registry.add(operator, idempotencyKeyOf(request), input.category, input.methods, input.url ?? '');
    return { endpoints: added.flatMap((a) => (a.endpoint ? [{ endpoint: toEndpointDto(a.endpoint), key: a.key }] : [])) };
  }

  @Get('endpoints/:endpointId')
  @ApiOperation({ summary: 'One endpoint; its version is also the ETag' })
  @ApiParam(ENDPOINT_ID)
  @ApiJsonResponse(200, 'Endpoint', 'The endpoint')
  @ApiProblems(400, 401, 404, 503, 504)
  async get(@Operator() operator: OperatorCall, @Param('endpointId') endpointId: string, @Res({ passthrough: true }) response: Response): Promise<EndpointDto> {
    const endpoint = toEndpointDto(await this.registry.get(operator, endpointIdParam(endpointId)));
    response.setHeader('ETag', `"${endpoint.version}"`);
    return endpoint;
  }

  @Put('endpoints/:endpointId/url')
  @ApiOperation({ summary: 'Set the URL of an outbound endpoint (https, public address)' })
  @ApiParam(ENDPOINT_ID)
  @ApiStateChange()
  @ApiIfMatch()
  @ApiJsonBody('SetUrlRequest')
  @ApiJsonResponse(200, 'Endpoint', 'The endpoint with its new URL')
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async setUrl(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string, @Body() body: unknown): Promise<EndpointDto> {
    const change = changeOf(request, endpointId);
    return toEndpointDto(await this.registry.configureUrl(operator, change, parseInput(SetUrlRequest, body).url));
  }

  @Put('endpoints/:endpointId/api-version')
  @ApiOperation({ summary: 'Move the endpoint to another API version of its category' })
  @ApiParam(ENDPOINT_ID)
  @ApiStateChange()
  @ApiIfMatch()
  @ApiJsonBody('UpdateApiVersionRequest')
  @ApiJsonResponse(200, 'Endpoint', 'The endpoint on its new version')
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async updateApiVersion(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string, @Body() body: unknown): Promise<EndpointDto> {
    const change = changeOf(request, endpointId);
    return toEndpointDto(await this.registry.updateApiVersion(operator, change, parseInput(UpdateApiVersionRequest, body).apiVersion));
  }

  @Post('endpoints/:endpointId/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable the endpoint (status SUSPENDED): nothing is sent to it or accepted from it' })
  @ApiParam(ENDPOINT_ID)
  @ApiStateChange()
  @ApiIfMatch()
  @ApiJsonBody('SuspendRequest')
  @ApiJsonResponse(200, 'Endpoint', 'The suspended endpoint')
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async suspend(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string, @Body() body: unknown): Promise<EndpointDto> {
    const change = changeOf(request, endpointId);
    return toEndpointDto(await this.registry.suspend(operator, change, parseInput(SuspendRequest, body).note));
  }

  @Post('endpoints/:endpointId/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate the endpoint (refused while an outbound endpoint has no URL)' })
  @ApiParam(ENDPOINT_ID)
  @ApiStateChange()
  @ApiIfMatch()
  @ApiJsonResponse(200, 'Endpoint', 'The active endpoint')
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async activate(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string): Promise<EndpointDto> {
    return toEndpointDto(await this.registry.activate(operator, changeOf(request, endpointId)));
  }

  @Delete('endpoints/:endpointId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the endpoint permanently; its key is destroyed, its history stays for auditors' })
  @ApiParam(ENDPOINT_ID)
  @ApiStateChange()
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async delete(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string): Promise<void> {
    await this.registry.delete(operator, changeOf(request, endpointId));
  }

  @Get('endpoints/:endpointId/history')
  @ApiOperation({ summary: 'Every event of the endpoint in order: who, what, when, with the hash chain' })
  @ApiParam(ENDPOINT_ID)
  @ApiJsonResponse(200, 'History', 'The history')
  @ApiProblems(400, 401, 404, 503, 504)
  async history(@Operator() operator: OperatorCall, @Param('endpointId') endpointId: string) {
    const id = endpointIdParam(endpointId);
    const events = await this.registry.history(operator, id);
    return { endpointId: id, events: events.flatMap((m) => (m.event ? [toHistoryEntryDto(m.event)] : [])) };
  }

  @Get('api-versions')
  @ApiOperation({ summary: 'The API versions of a category, with their status and changelog' })
  @ApiQuery({ name: 'category', enum: Category.options })
  @ApiJsonResponse(200, 'ApiVersionList', 'The versions, oldest first')
  @ApiProblems(400, 401, 503, 504)
  async apiVersions(@Operator() operator: OperatorCall, @Query('category') category: unknown) {
    const parsed = parseInput(CategoryQuery, { category }).category;
    return { category: parsed, versions: (await this.registry.listApiVersions(operator, parsed)).map(toApiVersionDto) };
  }
}
