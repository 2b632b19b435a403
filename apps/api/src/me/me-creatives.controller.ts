import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { CurrentPartner, PartnerSession } from '../common/auth/partner-session.decorators';
import type { SignedInPartner } from '../common/auth/partner-session.guard';
import { MyCreativesQueryDto, PartnerCreativePageDto } from '../creatives/creatives.schemas';
import { ListPartnerCreativesUseCase } from '../creatives/use-cases/list-partner-creatives.use-case';

/** The creatives a partner may promote with, next to their tracking links. */
@ApiTags('me (partner)')
@ApiBearerAuth()
@PartnerSession()
@Controller('v1/me/creatives')
export class MeCreativesController {
  constructor(private readonly listCreatives: ListPartnerCreativesUseCase) {}

  @Get()
  @ZodResponse({ status: 200, type: PartnerCreativePageDto, description: "the program's published creatives, newest first (deprecated ones are gone)" })
  list(@CurrentPartner() me: SignedInPartner, @Query() page: MyCreativesQueryDto) {
    return this.listCreatives.execute(me, page);
  }
}
