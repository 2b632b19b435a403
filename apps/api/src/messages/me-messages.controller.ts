import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { PaginationQueryDto } from '../partners/partners.schemas';
import { SendDownlineMessageUseCase } from './hierarchy/use-cases/send-downline-message.use-case';
import { IdempotencyKey } from '../common/idempotency-key';
import { DownlineMessageDto, FanOutDto, InboxPageDto, MessageIdParamsDto, MessagePostedDto, PartnerReplyDto, ReadReceiptDto } from './messages.schemas';
import { ListMyInboxUseCase } from './use-cases/list-my-inbox.use-case';
import { RecordReadReceiptUseCase } from './use-cases/record-read-receipt.use-case';
import { ReplyAsPartnerUseCase } from './use-cases/reply-as-partner.use-case';

/** The partner's own inbox, through their session token: their threads only. */
@ApiTags('me')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me')
export class MeMessagesController {
  constructor(
    private readonly listInbox: ListMyInboxUseCase,
    private readonly reply: ReplyAsPartnerUseCase,
    private readonly recordRead: RecordReadReceiptUseCase,
    private readonly sendToDownline: SendDownlineMessageUseCase,
  ) {}

  @Get('messages')
  @ZodResponse({ status: 200, type: InboxPageDto, description: 'my threads, newest first, with their messages and what is unread' })
  inbox(@CurrentPartner() me: SignedInPartner, @Query() page: PaginationQueryDto) {
    return this.listInbox.execute(me.partnerId, page);
  }

  @Post('messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reply in one of my threads (threadId), or write to the program\'s team in a new thread' })
  @ZodResponse({ status: 201, type: MessagePostedDto })
  write(@CurrentPartner() me: SignedInPartner, @Body() body: PartnerReplyDto, @IdempotencyKey() key?: string) {
    return this.reply.execute(me.partnerId, body, key);
  }

  @Post('messages/:messageId/read')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: ReadReceiptDto, description: 'my read receipt; the first read time is kept' })
  read(@CurrentPartner() me: SignedInPartner, @Param() { messageId }: MessageIdParamsDto) {
    return this.recordRead.execute(messageId, { kind: 'partner', partnerId: me.partnerId });
  }

  @Post('downline/messages')
  @HttpCode(201)
  @ApiOperation({ summary: 'As a master IB, write to my downline (all levels, or down to depth); each sub-IB gets its own thread' })
  @ZodResponse({ status: 201, type: FanOutDto })
  downline(@CurrentPartner() me: SignedInPartner, @Body() body: DownlineMessageDto, @IdempotencyKey() key?: string) {
    return this.sendToDownline.execute(me.partnerId, body, key);
  }
}
