import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@parley/config';
import { DatabaseConnection } from './database-connection';
import { DatabaseHealth } from './database-health';
import { PrismaService } from './prisma.service';
import { SqlClient } from './sql-client.service';
import { TransactionRunner } from './transaction-runner';
import { DatabaseOptions, resolveConnection } from './resolve-connection';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DatabaseConnection,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => resolveConnection(config.values, options),
        },
        PrismaService,
        SqlClient,
        TransactionRunner,
        DatabaseHealth,
      ],
      exports: [PrismaService, SqlClient, TransactionRunner, DatabaseHealth],
    };
  }
}
