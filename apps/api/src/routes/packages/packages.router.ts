import { defineRoute, reply, type ApiResource } from '../../http/route';
import { receivePackage } from '../../operations/receive-package';
import { UploadPackageQuery } from '../restores/restores.schemas';

export const packagesResource: ApiResource = {
  basePath: '/packages',
  description: 'Upload a backup package (one this installation may never have seen) to restore it.',
  routes: [
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Upload a package (streamed), validate it end to end and plan its restore',
      description:
        'Send the package file as the raw body (`curl --data-binary @pkg.tar.gz -H "Content-Type: application/octet-stream"`). ' +
        'It is streamed to the server under a name the server chooses, up to EDMS_MAX_UPLOAD_BYTES (413 `UPLOAD_TOO_LARGE` ' +
        'as soon as the cap is crossed). An invalid package is 422 with its `PACKAGE_*` code and is deleted. A valid one becomes ' +
        'a restore AWAITING_CONFIRMATION (or COMPLETED for `dryRun=true`); confirm it with POST /restores/{id}/confirm.',
      access: 'restore',
      query: UploadPackageQuery,
      upload: { contentType: 'application/octet-stream', description: 'The package file: `.tar.gz`, or `.tar.gz.enc` when encrypted.' },
      status: 201,
      response: {
        description: '`{ restore, plan, planHash, upload: { sizeBytes, sha256, kept } }` — the package is valid; `restore.id` is what to confirm.',
        headers: { Location: 'The restore\'s URL.' },
      },
      async handle({ deps, auth, query, req }) {
        const received = await receivePackage(deps, auth.actor, req, query);
        return reply(201, received, { Location: `/api/v1/restores/${received.restore.id}` });
      },
    }),
  ],
};
