/** Why a file was not read as a note. */
export type SkipReason = 'binary' | 'too-large' | 'encoding';

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: SkipReason; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns file bytes into note text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read; a file
 * with NUL bytes is binary; bytes that are not valid UTF-8 are reported, never guessed at.
 */
export function decodeNoteBytes(bytes: Uint8Array, maxFileSize: number): DecodeResult {
  if (bytes.byteLength > maxFileSize) {
    return {
      ok: false,
      reason: 'too-large',
      message: `skipped: ${formatBytes(bytes.byteLength)} is over the size limit of ${formatBytes(maxFileSize)} (setting maxFileSize)`,
    };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    try {
      return { ok: true, text: new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2)) };
    } catch {
      return { ok: false, reason: 'encoding', message: 'skipped: the file starts with a UTF-16 byte-order mark but is not valid UTF-16' };
    }
  }
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) return { ok: false, reason: 'binary', message: 'skipped: binary file (contains NUL bytes)' };
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'encoding', message: 'skipped: the file is not valid UTF-8; save it as UTF-8 to check it' };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
