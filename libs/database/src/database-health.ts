import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** What a readiness check may ask of the database, without holding a client. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly prisma: PrismaService) {}

  /** Does the database answer within the timeout? Never throws. */
  isReady(): Promise<boolean> {
    return this.prisma.isReady();
  }
}
