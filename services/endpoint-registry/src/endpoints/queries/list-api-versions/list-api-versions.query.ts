import { Injectable } from '@nestjs/common';
import { ApiVersion, EndpointCategory, listApiVersions } from '@bakuun/endpoint-domain';

@Injectable()
export class ListApiVersionsQuery {
  execute(category: EndpointCategory): ApiVersion[] {
    return listApiVersions(category);
  }
}
