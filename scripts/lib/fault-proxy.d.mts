/** One fault: which requests it takes and what they get instead of the server's answer. */
export interface FaultRule {
  /** Names the rule in the log; given when absent. */
  id?: string;
  /** Regular expression (source) over the path and query after the proxy prefix. */
  path?: string;
  /** Only this method. */
  method?: string;
  /** Regular expression over the Accept header. */
  accept?: string;
  /** Let this many matching requests through first. */
  after?: number;
  /** Take at most this many requests (default: every one). */
  times?: number;

  /** Wait this long before anything else. */
  delayMs?: number;
  /** Hold the request until the rules are next replaced or cleared, then go on (forwarded unless told otherwise). */
  hold?: boolean;
  /** Close the connection without an answer. */
  reset?: boolean;
  /** Answer this status without asking the server. */
  status?: number;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string;
  /** Forward, then send only this many bytes of the body (a fraction of it when below 1). */
  truncateAt?: number;
  /** 'end' (default): a clean, shorter body; 'reset': the full Content-Length announced, then the socket destroyed. */
  truncateMode?: 'end' | 'reset';
  /** Forward, then set (or, with null, remove) these headers of the answer. */
  answerHeaders?: Record<string, string | null>;
  /** Forward, then rewrite the answer's text (successful answers only). */
  rewrite?: {
    /** How the body is read as text: utf8 (default) or latin1 (bytes one to one, for binary answers). */
    encoding?: 'utf8' | 'latin1';
    /** [pattern, flags, replacement] applied to the text in order. */
    replace?: [string, string, string][];
    /** Values set at paths inside each data set of a DICOM JSON answer (`where`: { tag: first value }). */
    jsonSet?: { path: (string | number)[]; value: unknown; where?: Record<string, unknown> }[];
    jsonDelete?: { path: (string | number)[]; where?: Record<string, unknown> }[];
  };
}

export interface FaultLogEntry {
  method: string;
  path: string;
  rule: string | null;
  /** 0 while pending; the status answered; 'reset'; 'closed by client' when the page gave up first. */
  status: number | string;
}

export interface ForeignRequest {
  method: string;
  path: string;
  authorization: string | null;
  headers: string[];
}

export function createFaultProxy(options: { prefix: string; target: string; control?: string }): {
  middleware: (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
  close(): void;
};
