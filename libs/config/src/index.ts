export { AppConfig, StaticAppConfig } from './app-config';
export { CONFIG_SCHEMA, ConfigError } from './config.schema';
export type { ConfigKey, ConfigValues } from './config.schema';
export { ConfigModule } from './config.module';
export { loadConfig } from './load-config';
