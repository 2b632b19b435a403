import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { PaginationQueryDto, PartnerIdParamsDto } from '../partners/partners.schemas';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { IdempotencyKey } from '../common/idempotency-key';
import { MessageIdParamsDto, MessagePageDto, MessagePostedDto, PostMessageDto, ReadReceiptDto, ThreadDetailDto, ThreadIdParamsDto } from './messages.schemas';
import { GetThreadUseCase } from './use-cases/get-thread.use-case';
import { ListPartnerMessagesUseCase } from './use-cases/list-partner-messages.use-case';
import { RecordReadReceiptUseCase } from './use-cases/record-read-receipt.use-case';
import { SendPartnerMessageUseCase } from './use-cases/send-partner-message.use-case';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('v1')
export class MessagesController {
  constructor(
    private readonly sendMessage: SendPartnerMessageUseCase,
    private readonly listMessages: ListPartnerMessagesUseCase,
    private readonly getThread: GetThreadUseCase,
    private readonly recordRead: RecordReadReceiptUseCase,
  ) {}

  @Post('partners/:partnerId/messages')
  @HttpCode(201)
  @Roles('manager', 'finance', 'compliance')
  @ApiOperation({
    summary: 'Write to a partner: a new thread, or the next message of one (threadId)',
    description: 'Inbox messages are delivered at once; emails go out through a durable delivery workflow. With an Idempotency-Key header a repeated request answers the first one and sends nothing again.',
  })
  @ZodResponse({ status: 201, type: MessagePostedDto })
  send(@Param() { partnerId }: PartnerIdParamsDto, @Body() body: PostMessageDto, @ActingOperator() operator: OperatorAction, @IdempotencyKey() key?: string) {
    return this.sendMessage.execute(partnerId, body, operator, key);
  }

  @Get('partners/:partnerId/messages')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: MessagePageDto, description: 'every message to or from the partner, oldest first, one row per channel, with their threads' })
  list(@Param() { partnerId }: PartnerIdParamsDto, @Query() page: PaginationQueryDto) {
    return this.listMessages.execute(partnerId, page);
  }

  @Get('threads/:threadId')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: ThreadDetailDto, description: 'the whole conversation: posts, each channel\'s status, read receipts' })
  thread(@Param() { threadId }: ThreadIdParamsDto) {
    return this.getThread.execute(threadId);
  }

  @Post('messages/:messageId/read')
  @HttpCode(200)
  @Roles(...ALL_OPERATOR_ROLES)
  @ApiOperation({
    summary: 'Record a read receipt',
    description: 'A message to a partner is recorded as read by that partner (reported by this key); a partner\'s message to the team as read by this key. The first read time is kept.',
  })
  @ZodResponse({ status: 200, type: ReadReceiptDto })
  read(@Param() { messageId }: MessageIdParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.recordRead.execute(messageId, { kind: 'operator', keyId: operator.operatorKeyId });
  }
}
