import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PAGE_CSS } from './page.css';
import { PAGE_HTML } from './page.html';

interface Asset {
  body: string;
  type: string;
  etag: string;
}

/** The browser script: one classic script, type-checked through assets/tsconfig.json. */
const SCRIPTS = ['console.js'];

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/** Loaded once at start-up from beside this file (compiled alongside it into dist/), so a missing file fails the start, not a page view. */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>([['console.css', asset(PAGE_CSS, 'text/css; charset=utf-8')]]);
  for (const name of SCRIPTS) assets.set(name, asset(readFileSync(join(__dirname, 'assets', name), 'utf8'), 'text/javascript; charset=utf-8'));
  return assets;
}

/** The page and its assets; revalidated on every load (ETag), so a new release is seen at once. */
@ApiExcludeController()
@Controller()
export class PageController {
  private readonly assets = loadAssets();
  private readonly page = asset(PAGE_HTML, 'text/html; charset=utf-8');

  @Get()
  index(@Req() request: Request, @Res() response: Response): void {
    this.send(this.page, request, response);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() request: Request, @Res() response: Response): void {
    const found = this.assets.get(name);
    if (!found) throw new NotFoundException();
    this.send(found, request, response);
  }

  private send(found: Asset, request: Request, response: Response): void {
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('ETag', found.etag);
    if (request.header('if-none-match') === found.etag) {
      response.status(304).end();
      return;
    }
    response.type(found.type).send(found.body);
  }
}
