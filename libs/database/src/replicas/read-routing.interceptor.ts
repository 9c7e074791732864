import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, concatMap, Observable } from 'rxjs';
import { ReadRouting } from './read-routing.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface RoutedRequest {
  method: string;
  /** Set by authentication (guards run before interceptors); absent for anonymous readers. */
  user?: { id?: unknown };
}

/**
 * Scopes each HTTP request for ReadRouting: a GET, HEAD or OPTIONS may read from a replica; any
 * other method reads and writes the primary, and a signed-in user's such request is recorded as a
 * write (whatever its outcome: a failed request may have written some of it) before its answer
 * leaves, so that the user's next read, on any instance, finds it.
 */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(private readonly routing: ReadRouting) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.routing.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const userId = typeof request.user?.id === 'string' ? request.user.id : undefined;
    // handle() binds the handler to the async context it is called in: the scope's.
    if (READ_METHODS.has(request.method)) return this.routing.reading(userId, () => next.handle());
    if (userId === undefined) return next.handle();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await this.routing.noteWrite(userId);
        return value;
      }),
      catchError(async (error: unknown) => {
        await this.routing.noteWrite(userId);
        throw error;
      }),
    );
  }
}
