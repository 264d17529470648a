import * as path from 'node:path';

import { databaseProviderOf, redactDatabaseUrl, resolveDatabaseUrl, sqliteFilePath } from './database-url';
import { postgresPoolConfig } from './postgres-adapter';

describe('resolveDatabaseUrl', () => {
  it('uses DATABASE_URL when it is set', () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: 'postgresql://u@h/db' }, '/data')).toBe('postgresql://u@h/db');
  });

  it('defaults to edms.db in the data directory, as an absolute path', () => {
    expect(resolveDatabaseUrl({}, 'rel/data')).toBe(`file:${path.resolve('rel/data', 'edms.db')}`);
  });

  it('treats a blank DATABASE_URL as unset', () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: '  ' }, '/data')).toBe('file:/data/edms.db');
  });
});

describe('databaseProviderOf', () => {
  it('maps file: to sqlite and postgres(ql):// to postgresql', () => {
    expect(databaseProviderOf('file:/x.db')).toBe('sqlite');
    expect(databaseProviderOf('postgresql://h/db')).toBe('postgresql');
    expect(databaseProviderOf('postgres://h/db')).toBe('postgresql');
  });

  it('rejects other schemes without echoing a password', () => {
    expect(() => databaseProviderOf('mysql://u:secret@h/db')).toThrow(/mysql:\/\/u:\*\*\*@h\/db/);
  });
});

describe('sqliteFilePath', () => {
  it('resolves relative paths against the working directory', () => {
    expect(sqliteFilePath('file:./x.db')).toBe(path.resolve('x.db'));
    expect(sqliteFilePath('file:///abs/x.db')).toBe('/abs/x.db');
  });

  it('rejects URL parameters the adapter would treat as part of the file name', () => {
    expect(() => sqliteFilePath('file:/x.db?mode=ro')).toThrow(/not supported/);
  });

  it('rejects in-memory databases, which processes cannot share', () => {
    expect(() => sqliteFilePath('file::memory:')).toThrow(/file path is required/);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgresql://edms:pw@db:5432/edms')).toBe('postgresql://edms:***@db:5432/edms');
  });
});

describe('postgresPoolConfig', () => {
  it('passes the URL to pg and takes the pool size from connection_limit', () => {
    expect(postgresPoolConfig('postgresql://u@h/db')).toEqual({ connectionString: 'postgresql://u@h/db', max: 10 });
    expect(postgresPoolConfig('postgresql://u@h/db?connection_limit=3')).toEqual({ connectionString: 'postgresql://u@h/db', max: 3 });
    expect(postgresPoolConfig('postgresql://u@h/db?sslmode=require&connection_limit=4&application_name=edms')).toEqual({
      connectionString: 'postgresql://u@h/db?sslmode=require&application_name=edms',
      max: 4,
    });
    expect(postgresPoolConfig('postgresql://u@h/db?sslmode=require&connection_limit=5')).toEqual({
      connectionString: 'postgresql://u@h/db?sslmode=require',
      max: 5,
    });
  });

  it('refuses a connection_limit that is not a positive whole number', () => {
    expect(() => postgresPoolConfig('postgresql://u@h/db?connection_limit=0')).toThrow(/connection_limit/);
  });
});
