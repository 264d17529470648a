#!/usr/bin/env node
// Test support for the web app's end-to-end checks, run with plain Node (as
// the web server itself loads our packages) because jest's module loader cannot
// load Prisma's ES-module pieces. Uses the data directory from EDMS_DATA_DIR:
// applies migrations and seeds, creates demo documents, signs the admin in
// through the domain (a browser would use the login form), and prints one JSON
// object with the session secret and what the pages are expected to show.
'use strict';

const { startServices } = require('@edms/runtime');
const domain = require('@edms/domain');

async function main() {
  const documents = Number(process.argv[2] || '5');
  const password = process.env.EDMS_ADMIN_PASSWORD;
  if (!password) throw new Error('EDMS_ADMIN_PASSWORD must be set');

  const { services } = await startServices();
  try {
    const { ctx } = services;
    await domain.seedDemoDocuments(ctx, domain.systemActor('test:web'), { documents, seed: 7 });
    const user = await domain.authenticateUser(ctx, { username: domain.DEFAULT_ADMIN_USERNAME, password, origin: 'test:web' });
    const session = await domain.startSession(ctx, user);
    const actor = { userId: user.id, name: user.username, role: user.role };

    const configurations = (await domain.listConfigurations(ctx, actor)).map((c) => c.name);
    const page = await domain.listDocuments(ctx, actor, { take: 1000 });
    const details = [];
    for (const doc of page.items) {
      const { versions } = await domain.getDocument(ctx, actor, doc.number);
      details.push({
        number: doc.number,
        title: doc.title,
        versions: versions.map((v) => ({ version: v.version, fileName: v.fileName, sha256: v.sha256 })),
      });
    }
    process.stdout.write(
      `${JSON.stringify({
        secret: session.secret,
        user: { username: user.username, displayName: user.displayName, role: user.role },
        defaultConfigurations: domain.DEFAULT_CONFIGURATIONS.map((c) => c.name),
        configurations,
        documents: details,
      })}\n`,
    );
  } finally {
    await services.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
