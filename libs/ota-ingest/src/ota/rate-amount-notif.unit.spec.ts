import { upstreamV1 } from '@bakuun/contracts';
import { issuesOf, messagesOf, mutate, PARTNER, RECEIVED_AT, sample, SAMPLES } from '../ingest.fixtures';

const PATH = '/OTA_HotelRateAmountNotifRQ/RateAmountMessages/RateAmountMessage';
const SHA = 'b3815e3513887f535a3b0b9bf3ef7e7f6eee60c3315073a2379f857ba5ca93db';

describe('OTA_HotelRateAmountNotifRQ', () => {
  it('Weekendesk sample: one AriUpdate per message, "200.00" with DecimalPlaces="0" is EUR 200.00, currency from the partner default', () => {
    const messages = messagesOf(sample(SAMPLES.rateAmount), { defaultCurrencyCode: 'EUR' });
    const ari = (position: number, messageId: string, ratePlanCode: string, start: string, amount: string): upstreamV1.AriUpdate => ({
      envelope: {
        messageId,
        partnerId: PARTNER,
        producedAt: RECEIVED_AT,
        source: {
          format: upstreamV1.SourceFormat.SOURCE_FORMAT_OTA_XML,
          documentType: 'OTA_HotelRateAmountNotifRQ',
          documentSha256: SHA,
          path: `${PATH}[${position}]`,
          position,
          documentTimestamp: '2013-07-19T10:03:09.000Z',
          echoToken: '',
          locatorId: String(position),
          uniqueId: undefined,
        },
      },
      hotelCode: 'AL_TEST',
      roomTypeCode: 'RO_TEST',
      allRoomTypes: false,
      ratePlanCode,
      dates: { start, end: '2017-03-30' },
      daysOfWeek: [],
      availability: undefined,
      rates: [{ numberOfGuests: 0, ageQualifyingCode: '', amountAfterTax: { currencyCode: 'EUR', amount }, amountBeforeTax: undefined }],
      restrictions: undefined,
      sequence: { sourceTime: '2013-07-19T10:03:09.000Z', position },
    });
    expect(messages.map((m) => m.type)).toEqual(['AriUpdate', 'AriUpdate']);
    expect(messages.map((m) => m.message)).toEqual([
      ari(1, 'msg_7gf2t9y44e0z30z6yahnzaqtj4', '001', '2017-02-23', '200.00'),
      ari(2, 'msg_63s685kshnys9hj7jm0r9e3xkn', '003', '2017-02-20', '100.00'),
    ]);
  });

  it('without a CurrencyCode and without a default currency, names the amount and refuses the file', () => {
    expect(issuesOf(sample(SAMPLES.rateAmount))).toEqual([
      { path: `${PATH}[1]/Rates/Rate/BaseByGuestAmts/BaseByGuestAmt/@CurrencyCode`, code: 'INGEST.MISSING', message: 'no CurrencyCode here or on the enclosing element, and no default currency was given' },
      { path: `${PATH}[2]/Rates/Rate/BaseByGuestAmts/BaseByGuestAmt/@CurrencyCode`, code: 'INGEST.MISSING', message: 'no CurrencyCode here or on the enclosing element, and no default currency was given' },
    ]);
  });

  describe('DecimalPlaces policy', () => {
    const withAmount = (attributes: string) =>
      mutate(SAMPLES.rateAmount, '<BaseByGuestAmt AmountAfterTax="200.00" DecimalPlaces="0" />', `<BaseByGuestAmt ${attributes} />`);
    const firstRate = (xml: string) => {
      const first = messagesOf(xml, { defaultCurrencyCode: 'EUR' })[0]!;
      if (first.type !== 'AriUpdate') throw new Error('expected an AriUpdate');
      return first.message.rates[0];
    };

    it('takes an amount with a decimal point as written ("200.00" with DecimalPlaces="0" is 200)', () => {
      expect(firstRate(withAmount('AmountAfterTax="200.00" DecimalPlaces="0"'))?.amountAfterTax).toEqual({ currencyCode: 'EUR', amount: '200.00' });
    });

    it('reads an amount without a decimal point with DecimalPlaces implied digits ("20050" with "2" is 200.50)', () => {
      expect(firstRate(withAmount('AmountAfterTax="20050" DecimalPlaces="2"'))?.amountAfterTax).toEqual({ currencyCode: 'EUR', amount: '200.50' });
    });

    it('reads a plain integer without DecimalPlaces as whole units', () => {
      expect(firstRate(withAmount('AmountAfterTax="200"'))?.amountAfterTax).toEqual({ currencyCode: 'EUR', amount: '200.00' });
    });

    it('refuses a written fraction that DecimalPlaces contradicts ("200.50" with "0")', () => {
      expect(issuesOf(withAmount('AmountAfterTax="200.50" DecimalPlaces="0"'), { defaultCurrencyCode: 'EUR' })).toEqual([
        { path: `${PATH}[1]/Rates/Rate/BaseByGuestAmts/BaseByGuestAmt/@AmountAfterTax`, code: 'INGEST.TOO_MANY_DECIMALS', message: '"200.50" has 1 significant decimal place(s) but DecimalPlaces is 0' },
      ]);
    });

    it('formats in the minor unit of the stated currency (JPY has none, BHD three)', () => {
      expect(firstRate(withAmount('AmountAfterTax="15000.00" CurrencyCode="JPY"'))?.amountAfterTax).toEqual({ currencyCode: 'JPY', amount: '15000' });
      expect(firstRate(withAmount('AmountAfterTax="12.5" CurrencyCode="BHD"'))?.amountAfterTax).toEqual({ currencyCode: 'BHD', amount: '12.500' });
    });
  });

  it('reads occupancy, age qualifying code, both tax amounts and the Rate-level currency', () => {
    const xml = mutate(
      SAMPLES.rateAmount,
      '<Rate>\n                    <BaseByGuestAmts>\n                        <BaseByGuestAmt AmountAfterTax="200.00" DecimalPlaces="0" />',
      '<Rate CurrencyCode="CHF">\n                    <BaseByGuestAmts>\n                        <BaseByGuestAmt NumberOfGuests="1" AgeQualifyingCode="10" AmountAfterTax="180" AmountBeforeTax="166.67" />\n                        <BaseByGuestAmt NumberOfGuests="2" AgeQualifyingCode="10" AmountAfterTax="200.00" DecimalPlaces="0" />',
    );
    const first = messagesOf(xml, { defaultCurrencyCode: 'EUR' })[0]!;
    if (first.type !== 'AriUpdate') throw new Error('expected an AriUpdate');
    expect(first.message.rates).toEqual([
      { numberOfGuests: 1, ageQualifyingCode: '10', amountAfterTax: { currencyCode: 'CHF', amount: '180.00' }, amountBeforeTax: { currencyCode: 'CHF', amount: '166.67' } },
      { numberOfGuests: 2, ageQualifyingCode: '10', amountAfterTax: { currencyCode: 'CHF', amount: '200.00' }, amountBeforeTax: undefined },
    ]);
  });
});
