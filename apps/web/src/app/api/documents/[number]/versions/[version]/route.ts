import { Readable } from 'node:stream';
import { describeErrorCode } from '@/lib/error-messages';
import { decodeSegment } from '@/lib/navigation';
import { openVersion } from '@/server/documents';
import { contentDisposition, errorResponse, json, routeUser } from '@/server/route-responses';

type Params = Promise<{ number: string; version: string }>;

/** `GET /api/documents/<number>/versions/<n>`: one version's file, streamed as a download. */
export async function GET(_request: Request, { params }: { params: Params }): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  const { number, version } = await params;
  if (!/^[1-9]\d{0,8}$/.test(version)) return json({ error: describeErrorCode('DOCUMENT_VERSION_NOT_FOUND') }, 404);
  try {
    const file = await openVersion(decodeSegment(number), Number(version));
    const stream = Readable.toWeb(Readable.from(file.content)) as ReadableStream<Uint8Array>;
    return new Response(stream, {
      headers: {
        // Always a download, never rendered in our origin: a stored HTML file must not run as our page.
        'content-type': 'application/octet-stream',
        'content-length': String(file.sizeBytes),
        'content-disposition': contentDisposition(file.fileName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
