import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AppConfig } from '@parley/config';
import { DatabaseConnection } from './database-connection';
import { DatabaseHealth } from './database-health';
import { PrismaService } from './prisma.service';
import { SqlClient } from './sql-client.service';
import { TransactionRunner } from './transaction-runner';
import { DatabaseOptions, resolveConnection } from './resolve-connection';
import { ReadRouting } from './replicas/read-routing.service';
import { ReadRoutingInterceptor } from './replicas/read-routing.interceptor';
import { RecentWriters } from './replicas/recent-writers.service';
import { ReplicaSet } from './replicas/replica-set';

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
        {
          provide: ReplicaSet,
          inject: [AppConfig, DatabaseConnection],
          useFactory: ({ values }: AppConfig, connection: DatabaseConnection) =>
            new ReplicaSet(connection, {
              urls: values.DATABASE_REPLICA_URLS,
              poolSize: values.DATABASE_POOL_SIZE,
              maxLagSeconds: values.REPLICA_MAX_LAG_SECONDS,
            }),
        },
        RecentWriters,
        ReadRouting,
        { provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor },
        PrismaService,
        SqlClient,
        TransactionRunner,
        DatabaseHealth,
      ],
      exports: [PrismaService, SqlClient, TransactionRunner, DatabaseHealth, ReadRouting],
    };
  }
}
