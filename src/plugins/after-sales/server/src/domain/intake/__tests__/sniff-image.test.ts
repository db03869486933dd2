import { extensionOf, sniffType } from '../sniff-image';

const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('image type sniffing', () => {
  it.each([
    [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    [bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    [bytes('GIF89a', [1, 0]), 'image/gif'],
    [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    [bytes('BM', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'image/bmp'],
    [bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]), 'image/heic'],
    [bytes('%PDF-1.7'), 'application/pdf'],
  ])('recognises %#', (input, type) => {
    expect(sniffType(input)).toBe(type);
  });
  it('refuses what only claims to be an image', () => {
    expect(sniffType(bytes('<html><script>'))).toBeNull();
    expect(sniffType(bytes('MZ', [0x90, 0]))).toBeNull();
    expect(sniffType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffType(new Uint8Array())).toBeNull();
  });
  it('names the stored extension', () => {
    expect(extensionOf('image/jpeg')).toBe('.jpg');
  });
});
