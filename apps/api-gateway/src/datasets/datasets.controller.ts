import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  DatasetRowsQuerySchema,
  DatasetRowsViewSchema,
  DatasetSummaryViewSchema,
  DatasetUploadQuerySchema,
  DatasetVersionParamSchema,
  DatasetVersionViewSchema,
  DatasetViewSchema,
  MAX_DATASET_ROWS_PAGE,
  ResourceNameSchema,
  Role,
  type DatasetRowsQuery,
  type DatasetUploadQuery,
} from '@foresight/contracts';
import { Authenticated, ZodValidationPipe } from '@foresight/platform';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiStandardErrors } from '../openapi/api-zod.decorators';
import { DatasetProblemFilter } from './dataset-problem';
import { DatasetsService } from './datasets.service';
import { STREAMED_BODY, type UploadBody } from './upload-body';

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) as object;
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const NameParam = new ZodValidationPipe(ResourceNameSchema, 'dataset name', ['name']);
const VersionParam = new ZodValidationPipe(DatasetVersionParamSchema, 'version', ['version']);
const VERSION_PARAM = { name: 'version', description: 'A version number, or `latest`', schema: { oneOf: [{ type: 'integer', minimum: 1 }, { type: 'string', enum: ['latest'] }] } };

@Controller('api/v1/datasets')
@ApiStandardErrors('datasets', 404)
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post(':name/versions')
  @Authenticated(Role.Admin, Role.MlEngineer)
  @RouteConfig(STREAMED_BODY)
  @UseFilters(DatasetProblemFilter)
  @ApiOperation({
    summary: 'Upload a new version of a dataset: streamed, profiled and quality-checked; identical content returns the existing version',
    description: [
      'The body is CSV (`text/csv`; `,` `;` tab or `|` separated, header line first), a JSON array of objects (`application/json`), NDJSON (`application/x-ndjson`), or `multipart/form-data` whose first file part holds one of these (format from its type or its .csv/.json/.ndjson name).',
      'It is streamed to the feature store and stored in one transaction: a refused upload stores nothing.',
      'Column types are inferred (number, integer, boolean, category, timestamp, text) unless `schema` names them; a value that does not fit a named type is a bad row.',
      'Bad rows (wrong field count, invalid JSON line, value not fitting the schema) are reported by 1-based line (a CSV counts its header line; a JSON array counts elements): with `onError=reject` the upload is refused with 422 listing the first 100; with `onError=skip` the others are stored and the bad ones listed in `rejected`.',
      'Versions are immutable and content-addressed: the same rows (from any format, columns in the same order) with the same column types return the existing version with 200; the same rows with other types become a new version sharing the stored rows.',
      'Against the latest version, added columns are accepted; dropped or retyped columns (other than integer→number, category→text) are refused with 409 `schema_column_dropped`/`schema_column_retyped` unless `allowBreaking=true`.',
      'Bodies over DATASET_MAX_UPLOAD_BYTES get 413 while streaming.',
    ].join('\n\n'),
  })
  @ApiConsumes('text/csv', 'application/json', 'application/x-ndjson', 'multipart/form-data')
  @ApiBody({ description: 'The data (see the description for the formats)', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'onError', required: false, schema: { type: 'string', enum: ['reject', 'skip'], default: 'reject' } })
  @ApiQuery({ name: 'allowBreaking', required: false, schema: { type: 'boolean', default: false } })
  @ApiQuery({ name: 'schema', required: false, description: 'JSON object column -> type, URL-encoded', example: '{"age":"integer","signed up":"timestamp"}' })
  @ApiQuery({ name: 'format', required: false, description: 'Overrides the format read from the content type', schema: { type: 'string', enum: ['csv', 'json', 'ndjson'] } })
  @ApiResponse({ status: 201, description: 'A new version', content: { 'application/json': { schema: schemaOf(DatasetVersionViewSchema) } } })
  @ApiResponse({ status: 200, description: 'The same content with the same types is already this version', content: { 'application/json': { schema: schemaOf(DatasetVersionViewSchema) } } })
  @ApiResponse({ status: 409, ...problem('A breaking schema change without allowBreaking=true; `schemaChanges` lists the changes') })
  @ApiResponse({ status: 413, ...problem('The body is larger than DATASET_MAX_UPLOAD_BYTES') })
  @ApiResponse({ status: 415, ...problem('Not a dataset format') })
  @ApiResponse({ status: 422, ...problem('Bad rows (`rejected`: [{ line, reason }], `rejectedCount`), or a schema naming a column the data lacks') })
  async upload(
    @Param('name', NameParam) name: string,
    @Query(new ZodValidationPipe(DatasetUploadQuerySchema, 'query')) query: DatasetUploadQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    let body: UploadBody | undefined;
    try {
      const { version, created } = await this.datasets.upload(name, query, request, (opened) => (body = opened));
      void reply.status(created ? 201 : 200);
      return version;
    } catch (error) {
      // A refusal before the body was read through: close the connection rather than drain it.
      if (!body?.finished) void reply.header('connection', 'close');
      throw error;
    }
  }

  @Get()
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "The tenant's datasets with their latest version's size" })
  @ApiResponse({ status: 200, description: 'Datasets by name', content: { 'application/json': { schema: schemaOf(z.array(DatasetSummaryViewSchema)) } } })
  list() {
    return this.datasets.list();
  }

  @Get(':name')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: 'A dataset and its versions, newest first' })
  @ApiResponse({ status: 200, description: 'The dataset', content: { 'application/json': { schema: schemaOf(DatasetViewSchema) } } })
  get(@Param('name', NameParam) name: string) {
    return this.datasets.get(name);
  }

  @Get(':name/versions/:version')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "A version: column profiles, quality report, schema changes, skipped rows and lineage (who, when, format, bytes)" })
  @ApiParam(VERSION_PARAM)
  @ApiResponse({ status: 200, description: 'The version', content: { 'application/json': { schema: schemaOf(DatasetVersionViewSchema) } } })
  version(@Param('name', NameParam) name: string, @Param('version', VersionParam) version: number) {
    return this.datasets.version(name, version);
  }

  @Get(':name/versions/:version/rows')
  @Authenticated(Role.Admin, Role.MlEngineer, Role.Analyst)
  @ApiOperation({ summary: "A page of a version's rows, typed by its column types (timestamps as ISO-8601, null for missing)" })
  @ApiParam(VERSION_PARAM)
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_DATASET_ROWS_PAGE, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiResponse({ status: 200, description: 'The rows', content: { 'application/json': { schema: schemaOf(DatasetRowsViewSchema) } } })
  rows(
    @Param('name', NameParam) name: string,
    @Param('version', VersionParam) version: number,
    @Query(new ZodValidationPipe(DatasetRowsQuerySchema, 'query')) query: DatasetRowsQuery,
  ) {
    return this.datasets.rows(name, version, query);
  }
}
