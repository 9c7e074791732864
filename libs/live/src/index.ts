export { LiveModule } from './live.module';
export { LivePublisher } from './live-publisher.service';
export { LiveStreams } from './live-streams.service';
export { LiveEventRetention } from './live-event-retention.service';
export { Coalescer } from './coalescer';
export { EVENT_ID_MAX, isEventId } from './event-ids';
export type { EventSink } from './live-stream';
export type { LiveEvent, NewLiveEvent, ReplayView } from './live-event';
