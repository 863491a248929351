/**
 * The fields of `bakuun.webhooks.delivery.v1.DeliveryAttempt` the error rate needs, read
 * straight from the wire. Why not the generated decoder: it builds every field of every
 * message, and the strings the metrics service never reads (message and delivery ids, API
 * version, signing key ids, next attempt, error message) and the int64 stream version cost
 * more than half of the ingestion's time (profiled with `bench:metrics`). The field numbers
 * below are the contract's; buf's breaking-change check keeps them stable, fields added later
 * are skipped, and `delivery-attempt.wire.unit.spec.ts` checks this reader against the
 * generated decoder on arbitrary messages.
 */
export interface AttemptWireFields {
  attemptId: string;
  endpointId: string;
  partnerId: string;
  /** `EndpointCategory` value. */
  category: number;
  statusCode: number;
  latencyMs: number;
  /** `AttemptErrorClass` value. */
  errorClass: number;
  attemptedAt: string;
  /** `EndpointDirection` value; undefined when the field is absent. */
  direction: number | undefined;
}

const ATTEMPT_ID = 1;
const ENDPOINT_ID = 2;
const PARTNER_ID = 3;
const CATEGORY = 4;
const STATUS_CODE = 9;
const LATENCY_MS = 10;
const ERROR_CLASS = 11;
const ATTEMPTED_AT = 15;
const DIRECTION = 18;

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** Reads one message at a time; one instance per consumer (not reentrant). Throws `RangeError` on a malformed message. */
export class DeliveryAttemptWireReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  read(buf: Buffer): AttemptWireFields {
    this.buf = buf;
    this.pos = 0;
    const fields: AttemptWireFields = { attemptId: '', endpointId: '', partnerId: '', category: 0, statusCode: 0, latencyMs: 0, errorClass: 0, attemptedAt: '', direction: undefined };
    const end = buf.length;
    while (this.pos < end) {
      const tag = this.varint32() >>> 0;
      const field = tag >>> 3;
      const wireType = tag & 7;
      if (field === 0) throw new RangeError('field number 0');
      switch (wireType === LENGTH_DELIMITED ? field : wireType === VARINT ? -field : 0) {
        case ATTEMPT_ID:
          fields.attemptId = this.string();
          break;
        case ENDPOINT_ID:
          fields.endpointId = this.string();
          break;
        case PARTNER_ID:
          fields.partnerId = this.string();
          break;
        case ATTEMPTED_AT:
          fields.attemptedAt = this.string();
          break;
        case -CATEGORY:
          fields.category = this.varint32();
          break;
        case -STATUS_CODE:
          fields.statusCode = this.varint32();
          break;
        case -ERROR_CLASS:
          fields.errorClass = this.varint32();
          break;
        case -DIRECTION:
          fields.direction = this.varint32();
          break;
        default:
          if (field === LATENCY_MS && wireType === FIXED64) {
            this.need(8);
            fields.latencyMs = buf.readDoubleLE(this.pos);
            this.pos += 8;
          } else this.skip(wireType);
      }
    }
    return fields;
  }

  /** A varint's low 32 bits as a signed integer (how int32 and enum fields are read). */
  private varint32(): number {
    const buf = this.buf;
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      this.need(1);
      const byte = buf[this.pos++]!;
      if (shift < 32) result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result | 0;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  private string(): string {
    const length = this.varint32() >>> 0;
    this.need(length);
    const start = this.pos;
    this.pos += length;
    return this.buf.toString('utf8', start, this.pos);
  }

  private skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint32();
        return;
      case FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case LENGTH_DELIMITED: {
        const length = this.varint32() >>> 0;
        this.need(length);
        this.pos += length;
        return;
      }
      case FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.buf.length) throw new RangeError('message truncated');
  }
}
