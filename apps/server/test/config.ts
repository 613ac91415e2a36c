import { loadConfig } from '../src/core/config.ts';

export const TEST_PERSONS = 400;
export const TEST_MASTER_KEY = '6772617373726f6f74732d746573742d6b65792d6e6f742d666f722d70726f64'.slice(0, 64);

export function testConfig(dataDir: string, databaseUrl?: string) {
  return loadConfig({
    DATA_DIR: dataDir,
    GRASSROOTS_MASTER_KEY: TEST_MASTER_KEY,
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  } as NodeJS.ProcessEnv);
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
