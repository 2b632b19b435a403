import { Global, Module } from '@nestjs/common';
import { DomainEventDispatcher } from './domain-event-dispatcher';

/** Global, so any producer in the api can hand its recorded events to the dispatcher. */
@Global()
@Module({ providers: [DomainEventDispatcher], exports: [DomainEventDispatcher] })
export class DomainEventsModule {}
