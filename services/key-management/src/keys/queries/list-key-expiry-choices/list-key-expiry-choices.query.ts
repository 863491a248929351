import { Injectable } from '@nestjs/common';
import { KEY_EXPIRY_CHOICES, type KeyExpiryChoice } from '@bakuun/key-domain';

/** When the old key may expire after a roll; clients list these instead of hard-coding them. */
@Injectable()
export class ListKeyExpiryChoicesQuery {
  execute(): readonly KeyExpiryChoice[] {
    return KEY_EXPIRY_CHOICES;
  }
}
