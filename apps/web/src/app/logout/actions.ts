'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { clearSession } from '@/server/session';

/**
 * Ends the session in the database and removes the cookie. Anyone may call it:
 * without a session there is nothing to end, and the result is the same.
 */
export async function logout(): Promise<void> {
  try {
    await clearSession();
  } catch (error) {
    // The cookie is gone either way; a session row left behind simply expires.
    console.error('[web] could not end the session in the database', error);
  }
  revalidatePath('/', 'layout');
  redirect('/login');
}
