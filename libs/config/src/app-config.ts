import { ConfigValues } from './config.schema';

/**
 * Injectable, validated configuration. Nest providers depend on this class; only libs/config
 * reads process.env.
 */
export abstract class AppConfig {
  abstract readonly values: ConfigValues;
}

export class StaticAppConfig extends AppConfig {
  constructor(readonly values: ConfigValues) {
    super();
  }
}
