import { Module } from '@nestjs/common';
import { ThreadsModule } from '@parley/threads';
import { AnonymousHttpCache } from './anonymous-http-cache.service';
import { ArticleCommentsController } from './article-comments.controller';
import { ArticlesController } from './articles.controller';
import { CommentsController } from './comments.controller';

@Module({
  imports: [ThreadsModule],
  controllers: [ArticlesController, ArticleCommentsController, CommentsController],
  providers: [AnonymousHttpCache],
})
export class ThreadsHttpModule {}
