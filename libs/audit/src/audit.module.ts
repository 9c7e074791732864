import { Module } from '@nestjs/common';
import { AuditLogStore } from './audit-log.store';

@Module({ providers: [AuditLogStore], exports: [AuditLogStore] })
export class AuditModule {}
