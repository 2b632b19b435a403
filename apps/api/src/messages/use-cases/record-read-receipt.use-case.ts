import { Injectable } from '@nestjs/common';
import type { Message } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { receiptView } from '../message.views';
import { MessagesRepository, type ReadReceiptInput } from '../messages.repository';

/** Who asks to record the read: an operator key, or the partner signed in. */
export type ReadRecorder = { kind: 'operator'; keyId: string } | { kind: 'partner'; partnerId: string };

/** The partner a message is for: an inbox row names it; an email is for the partner it is about. */
const readingPartnerOf = (message: Message) => (message.channel === 'inbox' ? message.recipient : message.partnerId);

/**
 * Records a read receipt with its time. A message to a partner is read by that partner (through
 * their session, or reported by an operator key, e.g. a portal acting for them); a partner's
 * message to the program's team is read by the operator who opens it. The first read's time is
 * kept: recording it again changes nothing.
 */
@Injectable()
export class RecordReadReceiptUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(messageId: string, recorder: ReadRecorder) {
    const message = await this.messages.findMessage(messageId);
    const toPartner = message?.recipientType === 'partner';
    if (!message || (recorder.kind === 'partner' && (!toPartner || readingPartnerOf(message) !== recorder.partnerId))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `message ${messageId} does not exist`);
    }
    if (message.status === 'queued' || message.status === 'failed') {
      throw new DomainError(ErrorCode.CONFLICT, `message ${messageId} has not reached its reader (it is ${message.status}): it cannot have been read`);
    }
    const input: ReadReceiptInput = {
      messageId,
      readerType: toPartner ? 'partner' : 'operator',
      readerId: toPartner ? readingPartnerOf(message) : recorder.kind === 'operator' ? recorder.keyId : '',
      recordedVia: recorder.kind === 'operator' ? 'operator_api' : 'partner_session',
      recordedBy: recorder.kind === 'operator' ? recorder.keyId : recorder.partnerId,
      at: new Date(),
    };
    const { message: read, receipt, firstRead } = await this.messages.recordRead(input);
    return { messageId, status: read.status, readAt: (read.readAt ?? receipt.readAt).toISOString(), firstRead, receipt: receiptView(receipt) };
  }
}
