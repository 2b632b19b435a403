import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { BackgroundMail } from './background-mail';
import { EndPartnerSessionUseCase } from './use-cases/end-partner-session.use-case';
import { RequestMagicLinkUseCase } from './use-cases/request-magic-link.use-case';
import { StartPartnerSessionUseCase } from './use-cases/start-partner-session.use-case';

/** Partner sign-in: magic links and sessions (the session guard is in common/auth). */
@Module({
  controllers: [AuthController],
  providers: [AuthRepository, BackgroundMail, RequestMagicLinkUseCase, StartPartnerSessionUseCase, EndPartnerSessionUseCase],
})
export class AuthModule {}
