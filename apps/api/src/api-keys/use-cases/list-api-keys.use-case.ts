import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { apiKeyView } from '../api-key.views';
import { ApiKeysRepository } from '../api-keys.repository';

/** Every key, revoked ones included, without secrets or hashes. */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute({ limit, cursor }: PaginationQuery) {
    const page = pageOf(await this.keys.list(limit, cursor), limit);
    return { items: page.items.map(apiKeyView), nextCursor: page.nextCursor };
  }
}
