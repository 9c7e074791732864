import { Module } from '@nestjs/common';
import { ThreadsModule } from '@parley/threads';
import { AnonymousFastPath } from './anonymous-fast-path.service';
import { AnonymousHttpCache } from './anonymous-http-cache.service';
import { ArticleCommentsController } from './article-comments.controller';
import { ArticlesController } from './articles.controller';
import { CommentsController } from './comments.controller';

@Module({
  imports: [ThreadsModule],
  controllers: [ArticlesController, ArticleCommentsController, CommentsController],
  providers: [AnonymousHttpCache, AnonymousFastPath],
  exports: [AnonymousFastPath],
})
export class ThreadsHttpModule {}
