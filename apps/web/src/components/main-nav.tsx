'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isActivePath } from '@/lib/navigation';

export interface MainNavProps {
  items: ReadonlyArray<{ href: string; label: string }>;
}

/** The main navigation; marks the current section for sighted and screen-reader users alike. */
export function MainNav({ items }: MainNavProps) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isActivePath(item.href, pathname) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
