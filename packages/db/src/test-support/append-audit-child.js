// Child process for the cross-process audit test: appends N events through the
// compiled repositories and unit of work, as a second front door would.
'use strict';
const { createPrismaClient, PrismaUnitOfWork } = require('../../dist');
const { recordAuditEvent, systemClock } = require('@edms/domain');

async function main() {
  const [url, name, count] = process.argv.slice(2);
  const client = createPrismaClient(url);
  const uow = new PrismaUnitOfWork(client);
  for (let i = 0; i < Number(count); i += 1) {
    await uow.transaction((repos) =>
      recordAuditEvent(repos, systemClock, { actor: name, action: 'test.append', targetType: 'Test', details: { i } }),
    );
  }
  await client.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
