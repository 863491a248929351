import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IngestIssue } from './issues';

/** An element of a parsed XML document, with the XPath-like path the issues name. */
export interface XmlElement {
  /** Local name: namespace prefixes are dropped (OTA documents use a default namespace). */
  readonly name: string;
  /** e.g. `/OTA_HotelAvailNotifRQ/AvailStatusMessages/AvailStatusMessage[2]`; an index only when the element has same-named siblings. */
  readonly path: string;
  /** Raw attribute values, entities decoded, not trimmed. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, trimmed; '' when it has none. */
  readonly text: string;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses an XML document into a tree. Documents with a DOCTYPE are refused: OTA messages never
 * carry one, and refusing it rules out entity expansion attacks.
 */
export function parseXml(text: string): { ok: true; root: XmlElement } | { ok: false; issue: IngestIssue } {
  if (/<!DOCTYPE/i.test(text)) return { ok: false, issue: unreadable('a DOCTYPE is not allowed in an OTA message') };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, issue: unreadable(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`) };
  const nodes = parser.parse(text) as OrderedNode[];
  const elements = nodes.filter(isElement);
  if (elements.length !== 1) return { ok: false, issue: unreadable(`expected exactly one root element, found ${elements.length}`) };
  return { ok: true, root: toElement(elements[0]!, '', false, 0) };
}

function unreadable(message: string): IngestIssue {
  return { path: '/', code: 'INGEST.UNREADABLE', message };
}

function isElement(node: OrderedNode): boolean {
  return elementName(node) !== undefined;
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#comment');
}

function toElement(node: OrderedNode, parentPath: string, indexed: boolean, index: number): XmlElement {
  const name = elementName(node)!;
  const path = `${parentPath}/${name}${indexed ? `[${index}]` : ''}`;
  const content = (node[name] as OrderedNode[] | undefined) ?? [];
  const childNodes = content.filter(isElement);
  const totals = new Map<string, number>();
  for (const child of childNodes) totals.set(elementName(child)!, (totals.get(elementName(child)!) ?? 0) + 1);
  const seen = new Map<string, number>();
  const children = childNodes.map((child) => {
    const childName = elementName(child)!;
    const position = (seen.get(childName) ?? 0) + 1;
    seen.set(childName, position);
    return toElement(child, path, (totals.get(childName) ?? 0) > 1, position);
  });
  const text = content
    .map((n) => n['#text'])
    .filter((t): t is string => typeof t === 'string')
    .join('')
    .trim();
  return { name, path, attributes: node[':@'] ?? {}, children, text };
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** An attribute's value with surrounding white space removed (real files carry e.g. `ID="1 "`); undefined when absent. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element.attributes[name];
  return value === undefined ? undefined : value.trim();
}
