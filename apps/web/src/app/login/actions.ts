'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { describeError, describeErrorCode, errorCodeOf, isKnownErrorCode } from '@/lib/error-messages';
import { safeReturnPath } from '@/lib/navigation';
import { edmsDomain } from '@/server/edms';
import { getServices } from '@/server/services';
import { requestOrigin, setSessionCookie } from '@/server/session';

export interface LoginState {
  errors: { username?: string[]; password?: string[] };
  message: string | null;
  nextStep: string | null;
  /** Typed back into the form after a failed attempt; never the password. */
  username: string;
}

const LoginForm = z.object({
  username: z
    .string({ error: 'Enter your username.' })
    .trim()
    .min(1, 'Enter your username.')
    .max(100, 'Usernames are at most 100 characters.'),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(1024, 'Passwords are at most 1,024 characters.'),
  next: z.string().optional(),
});

/** Logs in with username and password; on success sets the session cookie and goes where the user was heading. */
export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const typed = formData.get('username');
  const username = typeof typed === 'string' ? typed.trim() : '';
  const parsed = LoginForm.safeParse({
    username: formData.get('username') ?? '',
    password: formData.get('password') ?? '',
    next: formData.get('next') ?? undefined,
  });
  if (!parsed.success) {
    const invalid = describeErrorCode('FORM_INVALID');
    return {
      errors: z.flattenError(parsed.error).fieldErrors,
      message: invalid.message,
      nextStep: invalid.nextStep,
      username,
    };
  }

  try {
    const { ctx } = await getServices();
    const { authenticateUser, startSession } = edmsDomain();
    const user = await authenticateUser(ctx, {
      username: parsed.data.username,
      password: parsed.data.password,
      origin: await requestOrigin(),
    });
    await setSessionCookie(await startSession(ctx, user));
  } catch (error) {
    if (!isKnownErrorCode(errorCodeOf(error))) console.error('[web] login failed unexpectedly', error);
    const { message, nextStep } = describeError(error);
    return { errors: {}, message, nextStep, username };
  }

  // A different user may now see different pages: drop anything the router cached.
  revalidatePath('/', 'layout');
  redirect(safeReturnPath(parsed.data.next));
}
