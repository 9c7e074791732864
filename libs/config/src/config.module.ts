import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, StaticAppConfig } from './app-config';
import { ConfigValues } from './config.schema';
import { loadConfig } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /** Validates the environment (or takes already-loaded values, as tests do). */
  static forRoot(values?: ConfigValues): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: new StaticAppConfig(values ?? loadConfig()) }],
      exports: [AppConfig],
    };
  }
}
