/** A typed client for crocodile-api. Requests are tagged by route template, like the server's metrics. */
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { config } from './config.ts';

export interface Crocodile {
  id: number;
  name: string;
  sex: 'M' | 'F';
  date_of_birth: string;
  age: number;
}

export type NewCrocodile = Omit<Crocodile, 'id'>;

type Res = RefinedResponse<ResponseType | undefined>;

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const tagged = (name: string, extra: object = {}) => ({ tags: { name }, ...extra });

export const crocodiles = {
  list: (query = ''): Res => http.get(`${config.endpoint}${query}`, tagged('/crocodiles')),
  get: (id: number): Res =>
    http.get(`${config.baseUrl}/crocodiles/${id}`, tagged('/crocodiles/:id')),
  create: (c: NewCrocodile): Res =>
    http.post(
      `${config.baseUrl}/crocodiles`,
      JSON.stringify(c),
      tagged('/crocodiles', { headers: JSON_HEADERS }),
    ),
  replace: (id: number, c: NewCrocodile): Res =>
    http.put(
      `${config.baseUrl}/crocodiles/${id}`,
      JSON.stringify(c),
      tagged('/crocodiles/:id', { headers: JSON_HEADERS }),
    ),
  patch: (id: number, fields: Partial<NewCrocodile>): Res =>
    http.patch(
      `${config.baseUrl}/crocodiles/${id}`,
      JSON.stringify(fields),
      tagged('/crocodiles/:id', { headers: JSON_HEADERS }),
    ),
  remove: (id: number): Res =>
    http.del(`${config.baseUrl}/crocodiles/${id}`, null, tagged('/crocodiles/:id')),
  livez: (): Res => http.get(`${config.baseUrl}/livez`, tagged('/livez')),
  readyz: (): Res => http.get(`${config.baseUrl}/readyz`, tagged('/readyz')),
  metrics: (): Res => http.get(`${config.baseUrl}/metrics`, tagged('/metrics')),
};

let serial = 0;
/** A valid crocodile with a recognisable name, for write suites. */
export function sampleCrocodile(prefix = 'k6'): NewCrocodile {
  serial++;
  return {
    name: `${prefix} ${__VU}-${serial}`,
    sex: serial % 2 ? 'M' : 'F',
    date_of_birth: '2018-05-20',
    age: 8,
  };
}
