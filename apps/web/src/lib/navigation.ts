import type { Permission } from '@edms/domain';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to roles holding this permission; every signed-in user may read. */
  permission: Permission;
}

/**
 * The main navigation, in order. The layout hides items the user's role does
 * not grant (a VIEWER never sees Restore or Reset), and every page and action
 * still checks on the server.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', permission: 'read' },
  { href: '/configurations', label: 'Configurations', permission: 'read' },
  { href: '/jobs', label: 'Jobs', permission: 'read' },
  { href: '/restore', label: 'Restore', permission: 'restore' },
  { href: '/documents', label: 'Documents', permission: 'read' },
  { href: '/audit', label: 'Audit log', permission: 'read' },
  { href: '/system/check', label: 'Integrity', permission: 'read' },
  { href: '/system/reset', label: 'Reset', permission: 'reset' },
];

/** True when `pathname` is the item's page or one below it (`/documents/SOP-0001`). */
export function isActivePath(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Where to go after logging in. Only same-site absolute paths are accepted, so a
 * crafted `?next=` cannot send the user to another site (`//evil.example`,
 * `/\evil.example`) or back to the login page.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (including tabs and newlines that browsers strip) never belong in a path we build.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (/^\/(login|logout)(?:[/?#]|$)/.test(value)) return '/';
  return value;
}

/** A dynamic route segment as typed, whether or not the router already decoded it. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
