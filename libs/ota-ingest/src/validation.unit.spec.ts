import { isDomainError } from '@bakuun/errors';
import { ingest, issuesOf, mutate, sample, SAMPLES } from './ingest.fixtures';
import type { IngestIssue } from './issues';

const RATE = '/OTA_HotelRateAmountNotifRQ/RateAmountMessages/RateAmountMessage';
const AMOUNT = `${RATE}[1]/Rates/Rate/BaseByGuestAmts/BaseByGuestAmt`;
const AVAIL = '/OTA_HotelAvailNotifRQ/AvailStatusMessages/AvailStatusMessage';
const EUR = { defaultCurrencyCode: 'EUR' };

const rateWith = (from: string, to: string) => mutate(SAMPLES.rateAmount, from, to);
const firstAmount = (attributes: string) => rateWith('<BaseByGuestAmt AmountAfterTax="200.00" DecimalPlaces="0" />', `<BaseByGuestAmt ${attributes} />`);

/** Each case: a broken document, and the exact issues (path, code, message) it must get. */
const cases: Array<[string, string, IngestIssue[]]> = [
  ['neither XML nor JSON', 'Hello, hotel', [{ path: '/', code: 'INGEST.UNREADABLE', message: 'neither XML (starting with "<") nor a JSON object (starting with "{")' }]],
  [
    'malformed XML',
    '<OTA_HotelAvailNotifRQ>\n  <AvailStatusMessages HotelCode="H">\n</OTA_HotelAvailNotifRQ>',
    [{ path: '/', code: 'INGEST.UNREADABLE', message: "not well-formed XML: Expected closing tag 'AvailStatusMessages' (opened in line 2, col 3) instead of closing tag 'OTA_HotelAvailNotifRQ'. (line 3, column 1)" }],
  ],
  ['a DOCTYPE (entity expansion)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><OTA_HotelAvailNotifRQ/>', [{ path: '/', code: 'INGEST.UNREADABLE', message: 'a DOCTYPE is not allowed in an OTA message' }]],
  ['an unknown root element', '<OTA_HotelRatePlanNotifRQ Version="1"><RatePlans/></OTA_HotelRatePlanNotifRQ>', [
    { path: '/OTA_HotelRatePlanNotifRQ', code: 'INGEST.UNKNOWN_DOCUMENT', message: 'root element OTA_HotelRatePlanNotifRQ is not one of OTA_HotelAvailNotifRQ, OTA_HotelRateAmountNotifRQ, OTA_HotelInvCountNotifRQ, OTA_HotelResNotifRQ' },
  ]],
  ['an unknown JSON type', '{"type": "rates", "hotelCode": "H"}', [{ path: '/type', code: 'INGEST.UNKNOWN_DOCUMENT', message: 'expected an object whose "type" is one of ari, mapping, booking, found "rates"' }]],
  ['end before start (inclusive range)', sample(SAMPLES.invalidRateAmount), [
    { path: `${RATE}[2]/StatusApplicationControl/@End`, code: 'INGEST.DATE_RANGE_REVERSED', message: 'end 2017-02-19 is before start 2017-02-20 (both ends are inclusive)' },
  ]],
  ['a date that does not exist', rateWith('Start="2017-02-23"', 'Start="2017-02-30"'), [
    { path: `${RATE}[1]/StatusApplicationControl/@Start`, code: 'INGEST.BAD_DATE', message: '"2017-02-30" is not a calendar date (YYYY-MM-DD)' },
  ]],
  ['a date in another format', rateWith('Start="2017-02-23"', 'Start="23/02/2017"'), [
    { path: `${RATE}[1]/StatusApplicationControl/@Start`, code: 'INGEST.BAD_DATE', message: '"23/02/2017" is not a calendar date (YYYY-MM-DD)' },
  ]],
  ['a missing End', rateWith('Start="2017-02-23" End="2017-03-30"', 'Start="2017-02-23"'), [
    { path: `${RATE}[1]/StatusApplicationControl/@End`, code: 'INGEST.MISSING', message: 'a date is required' },
  ]],
  ['a bad TimeStamp', rateWith('TimeStamp="2013-07-19T10:03:09"', 'TimeStamp="yesterday"'), [
    { path: '/OTA_HotelRateAmountNotifRQ/@TimeStamp', code: 'INGEST.BAD_DATE', message: '"yesterday" is not a date-time (YYYY-MM-DDThh:mm:ss with an optional fraction and offset)' },
  ]],
  ['an unknown currency', firstAmount('AmountAfterTax="200.00" CurrencyCode="EUX"'), [
    { path: `${AMOUNT}/@CurrencyCode`, code: 'INGEST.UNKNOWN_CURRENCY', message: '"EUX" is not an active ISO 4217 currency code' },
  ]],
  ['a withdrawn currency', firstAmount('AmountAfterTax="200.00" CurrencyCode="HRK"'), [
    { path: `${AMOUNT}/@CurrencyCode`, code: 'INGEST.UNKNOWN_CURRENCY', message: '"HRK" is not an active ISO 4217 currency code' },
  ]],
  ['more decimals than EUR allows', firstAmount('AmountAfterTax="100.505" CurrencyCode="EUR"'), [
    { path: `${AMOUNT}/@AmountAfterTax`, code: 'INGEST.TOO_MANY_DECIMALS', message: '"100.505" has 3 significant decimal place(s); EUR allows 2' },
  ]],
  ['a fraction in JPY', firstAmount('AmountAfterTax="15000.5" CurrencyCode="JPY"'), [
    { path: `${AMOUNT}/@AmountAfterTax`, code: 'INGEST.TOO_MANY_DECIMALS', message: '"15000.5" has 1 significant decimal place(s); JPY allows 0' },
  ]],
  ['an amount that is not a number', firstAmount('AmountAfterTax="1,200.00"'), [
    { path: `${AMOUNT}/@AmountAfterTax`, code: 'INGEST.BAD_AMOUNT', message: '"1,200.00" is not a decimal amount (digits with an optional "." and fraction)' },
  ]],
  ['a negative amount', firstAmount('AmountAfterTax="-200.00"'), [{ path: `${AMOUNT}/@AmountAfterTax`, code: 'INGEST.BAD_AMOUNT', message: '"-200.00" is negative; amounts must not be' }]],
  ['no amount at all', firstAmount('DecimalPlaces="2"'), [{ path: `${AMOUNT}/@AmountAfterTax`, code: 'INGEST.MISSING', message: 'AmountAfterTax or AmountBeforeTax is required' }]],
  ['a missing HotelCode', rateWith('<RateAmountMessages HotelCode="AL_TEST">', '<RateAmountMessages>'), [
    { path: '/OTA_HotelRateAmountNotifRQ/RateAmountMessages/@HotelCode', code: 'INGEST.MISSING', message: 'HotelCode is required' },
  ]],
  ['a missing StatusApplicationControl', mutate(SAMPLES.availSetLimit, '<StatusApplicationControl Start="2004-08-06" End="2004-08-08" RatePlanCode="WHLS1" InvCode="DLX">\n\t\t\t</StatusApplicationControl>', ''), [
    { path: `${AVAIL}[4]/StatusApplicationControl`, code: 'INGEST.MISSING', message: 'StatusApplicationControl is required in AvailStatusMessage' },
  ]],
  ['a negative absolute inventory', mutate(SAMPLES.availSetLimit, 'BookingLimit="8"', 'BookingLimit="-8"'), [
    { path: `${AVAIL}[4]/@BookingLimit`, code: 'INGEST.NEGATIVE_COUNT', message: 'BookingLimit -8 is negative' },
  ]],
  ['a fractional inventory', mutate(SAMPLES.availSetLimit, 'BookingLimit="8"', 'BookingLimit="8.5"'), [
    { path: `${AVAIL}[4]/@BookingLimit`, code: 'INGEST.BAD_VALUE', message: '"8.5" is not a whole number' },
  ]],
  ['an unsupported BookingLimitMessageType', mutate(SAMPLES.availSetLimit, 'BookingLimit="8" BookingLimitMessageType="SetLimit"', 'BookingLimit="8" BookingLimitMessageType="RemoveLimit"'), [
    { path: `${AVAIL}[4]/@BookingLimitMessageType`, code: 'INGEST.UNSUPPORTED', message: '"RemoveLimit" is not supported (SetLimit, AdjustLimit)' },
  ]],
  ['an unsupported restriction', mutate(SAMPLES.availRestrictions, '<RestrictionStatus Status="Close" />', '<RestrictionStatus Restriction="NonGuarantee" Status="Close" />'), [
    { path: `${AVAIL}[1]/RestrictionStatus[1]/@Restriction`, code: 'INGEST.UNSUPPORTED', message: 'Restriction "NonGuarantee" is not supported (Master, Arrival, Departure)' },
  ]],
  ['an unsupported LOS type', mutate(SAMPLES.availRestrictions, '<LengthOfStay Time="3" MinMaxMessageType="SetMinLOS" />', '<LengthOfStay Time="3" MinMaxMessageType="SetForwardMinStay" />'), [
    { path: `${AVAIL}[3]/LengthsOfStay/LengthOfStay[1]/@MinMaxMessageType`, code: 'INGEST.UNSUPPORTED', message: '"SetForwardMinStay" is not supported (SetMinLOS, SetMaxLOS, RemoveMinLOS, RemoveMaxLOS)' },
  ]],
  ['a message that states nothing', mutate(SAMPLES.availSetLimit, '<AvailStatusMessage BookingLimit="8" BookingLimitMessageType="SetLimit">', '<AvailStatusMessage>'), [
    { path: `${AVAIL}[4]`, code: 'INGEST.MISSING', message: 'states neither a BookingLimit, a LengthOfStay nor a RestrictionStatus' },
  ]],
];

describe('validation: a bad document gets issues naming the element and what is wrong, and no message', () => {
  it.each(cases)('%s', (_name, document, expected) => {
    const result = ingest(document, EUR);
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('document');
    expect(issuesOf(document, EUR)).toEqual(expected);
  });

  it('collects every issue of a document in one pass; the good messages of a bad file are not produced either', () => {
    const document = rateWith('Start="2017-02-23"', 'Start="2017-02-31"').replace('AmountAfterTax="100.00" DecimalPlaces="0"', 'AmountAfterTax="100.00" CurrencyCode="XYZ"');
    const result = ingest(document, EUR);
    expect(result).toEqual({
      ok: false,
      format: 'ota-xml',
      documentType: 'OTA_HotelRateAmountNotifRQ',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      issues: [
        { path: `${RATE}[1]/StatusApplicationControl/@Start`, code: 'INGEST.BAD_DATE', message: '"2017-02-31" is not a calendar date (YYYY-MM-DD)' },
        { path: `${RATE}[2]/Rates/Rate/BaseByGuestAmts/BaseByGuestAmt/@CurrencyCode`, code: 'INGEST.UNKNOWN_CURRENCY', message: '"XYZ" is not an active ISO 4217 currency code' },
      ],
    });
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('<OTA_HotelAvailNotifRQ HotelName="'), Buffer.from([0xff, 0xfe]), Buffer.from('"/>')]);
    expect(issuesOf(bytes)).toEqual([{ path: '/', code: 'INGEST.UNREADABLE', message: 'the bytes are not valid utf-8' }]);
  });

  it('reads a document that declares ISO-8859-1', () => {
    const latin1 = Buffer.from(sample(SAMPLES.availRestrictions).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('HotelCode="AL_TEST"', 'HotelCode="AL_TÉST"'), 'latin1');
    const result = ingest(latin1);
    expect(result.ok && result.document.messages[0]!.message.hotelCode).toBe('AL_TÉST');
  });

  it('bad options are the caller\'s mistake and throw a ValidationError naming the option', () => {
    const thrown = (options: object) => {
      try {
        ingest(sample(SAMPLES.availSetLimit), options);
      } catch (error) {
        return isDomainError(error) ? { code: error.code, field: error.field } : error;
      }
      return undefined;
    };
    expect(thrown({ partnerId: 'prt:7' })).toEqual({ code: 'INGEST.PARTNER_ID_INVALID', field: 'partnerId' });
    expect(thrown({ defaultCurrencyCode: 'EURO' })).toEqual({ code: 'INGEST.CURRENCY_INVALID', field: 'defaultCurrencyCode' });
    expect(thrown({ receivedAt: 'now' })).toEqual({ code: 'INGEST.RECEIVED_AT_INVALID', field: 'receivedAt' });
  });
});
