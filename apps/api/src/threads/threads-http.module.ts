import { Module } from '@nestjs/common';
import { ModerationModule } from '@parley/moderation';
import { ThreadsModule } from '@parley/threads';
import { ArticleCommentsController } from './article-comments.controller';
import { ArticlesController } from './articles.controller';
import { AuditedArticlesService } from './audited-articles.service';
import { CommentsController } from './comments.controller';

@Module({
  imports: [ThreadsModule, ModerationModule],
  providers: [AuditedArticlesService],
  controllers: [ArticlesController, ArticleCommentsController, CommentsController],
})
export class ThreadsHttpModule {}
