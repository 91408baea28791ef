// The file name a Content-Disposition header gives (RFC 6266), read by the well-kept `content-disposition` parser.
import { parse } from "content-disposition";

/**
 * The file name a `Content-Disposition` header gives, or undefined when it gives none or cannot be
 * parsed. Parsed by jshttp's `content-disposition` (RFC 6266), which decodes `filename*` per RFC
 * 8187 (`UTF-8'en'%E2%82%AC%20rates.pdf` is `€ rates.pdf`) and prefers it to `filename`, and reads
 * quoted values whole (`filename="a;b.pdf"` is `a;b.pdf`).
 */
export function dispositionName(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const name = parse(header).parameters["filename"];
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}
