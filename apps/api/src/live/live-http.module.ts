import { Module } from '@nestjs/common';
import { LiveModule } from '@parley/live';
import { ThreadsModule } from '@parley/threads';
import { ArticleStreamController } from './article-stream.controller';

@Module({
  imports: [ThreadsModule, LiveModule],
  controllers: [ArticleStreamController],
})
export class LiveHttpModule {}
