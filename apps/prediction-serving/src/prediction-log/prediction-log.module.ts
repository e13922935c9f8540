import { Module } from '@nestjs/common';
import { PredictionLogBuffer } from './prediction-log.buffer';

@Module({ providers: [PredictionLogBuffer], exports: [PredictionLogBuffer] })
export class PredictionLogModule {}
