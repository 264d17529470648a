/**
 * HTTP statuses for the web app's own route handlers (upload, downloads,
 * progress polling). Pages never need them; the API has its own complete
 * table. Rules by code family keep this short and cover new codes of a family.
 */
export function httpStatusFor(code: string | null | undefined): number {
  if (!code) return 500;
  if (code.startsWith('AUTH_')) return 401;
  if (code === 'FORBIDDEN') return 403;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code === 'UPLOAD_TOO_LARGE' || code.endsWith('_TOO_LARGE') || code === 'PACKAGE_LIMIT_EXCEEDED') return 413;
  if (
    code === 'BUSY' ||
    code.endsWith('_ACTIVE') ||
    code.startsWith('BACKUP_ALREADY_') ||
    code.endsWith('_IN_USE') ||
    code.endsWith('_EXISTS') ||
    code.endsWith('_CHANGED') ||
    code.startsWith('RESTORE_NOT_')
  ) {
    return 409;
  }
  if (code.startsWith('PACKAGE_') || code.startsWith('MANIFEST_') || code.startsWith('ENCRYPTION_')) return 422;
  if (code === 'FORM_INVALID' || code === 'VALIDATION_FAILED' || code.includes('_INVALID') || code.startsWith('UPLOAD_')) return 400;
  if (code === 'BACKUP_FILE_MISSING' || code === 'DOCUMENT_FILE_MISSING') return 410;
  return 500;
}
