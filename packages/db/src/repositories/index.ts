export * from './prisma-repositories';
export * from './prisma-unit-of-work';
export * from './prisma-backup-job-repository';
export * from './prisma-restore-job-repository';
