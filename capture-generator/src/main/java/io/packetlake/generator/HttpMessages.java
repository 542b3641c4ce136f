package io.packetlake.generator;

/**
 * HTTP/1.1 message headers (RFC 9112) for generated web sessions. Every header is a function of its
 * arguments, so a segment that is sent again carries the same bytes. Bodies are opaque ({@code
 * application/octet-stream}) and come from the {@link PayloadPool}.
 */
final class HttpMessages {
  /** Response statuses the generator uses. */
  static final int OK = 200;

  static final int NOT_MODIFIED = 304;
  static final int NOT_FOUND = 404;

  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Microsoft-CryptoAPI/10.0"
  };
  private static final String[] EXTENSIONS = {
    ".js", ".css", ".png", ".json", "", ".woff2", ".jpg", ".html", ".svg", ".bin"
  };
  private static final String COOKIE_START = "Cookie: sid=";

  private HttpMessages() {}

  /**
   * Writes a request header: GET without a body when {@code bodyLength} is negative, else POST of
   * {@code bodyLength} bytes.
   *
   * @param cookieLength characters of a session cookie to add, 0 for none
   * @return the offset after the header's empty line
   */
  static int writeRequestHeader(
      byte[] target,
      int at,
      String host,
      long pathSeed,
      int cookieLength,
      long bodyLength,
      PayloadPool pool) {
    int position = Ascii.write(bodyLength < 0 ? "GET /" : "POST /", target, at);
    position = Ascii.write(Names.word(pathSeed), target, position);
    target[position++] = '/';
    position = Ascii.writeHex(pathSeed >>> 8, 8, target, position);
    position =
        Ascii.write(EXTENSIONS[(int) ((pathSeed >>> 40) % EXTENSIONS.length)], target, position);
    position = Ascii.write(" HTTP/1.1\r\nHost: ", target, position);
    position = Ascii.write(host, target, position);
    position = Ascii.write("\r\nUser-Agent: ", target, position);
    position =
        Ascii.write(USER_AGENTS[(int) ((pathSeed >>> 48) % USER_AGENTS.length)], target, position);
    position =
        Ascii.write(
            "\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: keep-alive\r\n",
            target,
            position);
    if (bodyLength >= 0) {
      position =
          Ascii.write(
              "Content-Type: application/octet-stream\r\nContent-Length: ", target, position);
      position = Ascii.writeDecimal(bodyLength, target, position);
      position = Ascii.write("\r\n", target, position);
    }
    if (cookieLength > 0) {
      position = Ascii.write(COOKIE_START, target, position);
      pool.copyText(pathSeed, target, position, cookieLength);
      position += cookieLength;
      position = Ascii.write("\r\n", target, position);
    }
    return Ascii.write("\r\n", target, position);
  }

  /** Bytes a cookie header adds besides its value. */
  static int cookieOverhead() {
    return COOKIE_START.length() + 2;
  }

  /**
   * Writes a response header; {@link #NOT_MODIFIED} has no body and no length.
   *
   * @return the offset after the header's empty line
   */
  static int writeResponseHeader(byte[] target, int at, int status, long bodyLength) {
    int position =
        switch (status) {
          case OK ->
              Ascii.write(
                  "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\n",
                  target,
                  at);
          case NOT_MODIFIED ->
              Ascii.write("HTTP/1.1 304 Not Modified\r\nServer: nginx\r\n", target, at);
          case NOT_FOUND ->
              Ascii.write(
                  "HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Type: text/plain\r\n",
                  target,
                  at);
          default ->
              throw new IllegalArgumentException(
                  "Cannot write HTTP response: unsupported status " + status);
        };
    if (status != NOT_MODIFIED) {
      position = Ascii.write("Content-Length: ", target, position);
      position = Ascii.writeDecimal(bodyLength, target, position);
      position = Ascii.write("\r\n", target, position);
    }
    return Ascii.write("Connection: keep-alive\r\n\r\n", target, position);
  }
}
