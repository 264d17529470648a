import { edmsDomain } from '@/server/edms';
import { describeErrorCode } from '@/lib/error-messages';
import { errorResponse, isSameOrigin, json, routeUser } from '@/server/route-responses';
import { receiveUpload } from '@/server/uploads';

/**
 * `POST /api/upload`: the body is the package itself (the browser sends the
 * file with XMLHttpRequest, which reports upload progress). Streams to
 * `<dataDir>/uploads/<uuid>.tar.gz` under the size limit and answers with the
 * upload id the restore wizard then names. Only roles that may restore may
 * upload. The proxy does not run for /api (it would buffer the body).
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return closing(json({ error: describeErrorCode('FORBIDDEN') }, 403));
  const user = await routeUser();
  if (user instanceof Response) return closing(user);
  try {
    edmsDomain().assertCan(user.actor, 'restore');
    const length = request.headers.get('content-length');
    const declared = length !== null && /^\d+$/.test(length) ? Number(length) : null;
    const received = await receiveUpload(request.body, declared);
    return json(received, 201);
  } catch (error) {
    return closing(errorResponse(error));
  }
}

/**
 * A refused upload is answered before its body has been read (or while it is
 * still arriving): the connection cannot carry another request, so say so
 * instead of letting the client reuse a socket the server is about to drop.
 */
function closing(response: Response): Response {
  response.headers.set('connection', 'close');
  return response;
}
