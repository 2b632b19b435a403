import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { HierarchyController } from './hierarchy/hierarchy.controller';
import { HierarchyFanOut } from './hierarchy/hierarchy-fan-out';
import { HierarchyRepository } from './hierarchy/hierarchy.repository';
import { GetHierarchyUseCase } from './hierarchy/use-cases/get-hierarchy.use-case';
import { SendDownlineMessageUseCase } from './hierarchy/use-cases/send-downline-message.use-case';
import { SendSubtreeMessageUseCase } from './hierarchy/use-cases/send-subtree-message.use-case';
import { SetPartnerParentUseCase } from './hierarchy/use-cases/set-partner-parent.use-case';
import { MeMessagesController } from './me-messages.controller';
import { MessageDeliveryGateway } from './message-delivery.gateway';
import { MessagePoster } from './message-poster';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { GetThreadUseCase } from './use-cases/get-thread.use-case';
import { ListMyInboxUseCase } from './use-cases/list-my-inbox.use-case';
import { ListPartnerMessagesUseCase } from './use-cases/list-partner-messages.use-case';
import { RecordReadReceiptUseCase } from './use-cases/record-read-receipt.use-case';
import { ReplyAsPartnerUseCase } from './use-cases/reply-as-partner.use-case';
import { SendPartnerMessageUseCase } from './use-cases/send-partner-message.use-case';

/** Threads, inboxes, read receipts and the IB hierarchy's messages (issue 7). */
@Module({
  imports: [ProgramsModule],
  controllers: [MessagesController, MeMessagesController, HierarchyController],
  providers: [
    MessagesRepository,
    MessageDeliveryGateway,
    MessagePoster,
    SendPartnerMessageUseCase,
    ListPartnerMessagesUseCase,
    GetThreadUseCase,
    RecordReadReceiptUseCase,
    ListMyInboxUseCase,
    ReplyAsPartnerUseCase,
    HierarchyRepository,
    HierarchyFanOut,
    SetPartnerParentUseCase,
    GetHierarchyUseCase,
    SendSubtreeMessageUseCase,
    SendDownlineMessageUseCase,
  ],
  exports: [ListMyInboxUseCase, ReplyAsPartnerUseCase, RecordReadReceiptUseCase, SendDownlineMessageUseCase],
})
export class MessagesModule {}
