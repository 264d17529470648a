import { Readable } from 'node:stream';
import { packageForDownload } from '@/server/backups';
import { contentDisposition, errorResponse, routeUser } from '@/server/route-responses';

/** `GET /api/jobs/<id>/download`: the package file, streamed (OPERATOR and ADMIN). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  try {
    const pkg = await packageForDownload((await params).id);
    const stream = Readable.toWeb(Readable.from(pkg.content, { objectMode: false })) as ReadableStream<Uint8Array>;
    return new Response(stream, {
      headers: {
        'content-type': pkg.fileName.endsWith('.enc') ? 'application/octet-stream' : 'application/gzip',
        'content-length': String(pkg.sizeBytes),
        'content-disposition': contentDisposition(pkg.fileName),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
