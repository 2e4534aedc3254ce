/// The items of a paginated AWS list (`NextToken`/`Marker` style), fetched a page at a time as the
/// sequence is iterated.
///
/// ```swift
/// for try await secret in secrets.listSecrets() { print(secret.name) }
/// ```
public struct AWSPaginator<Element: Sendable>: AsyncSequence, Sendable {
    /// Fetches one page: the items, and the token of the next page (`nil` after the last).
    public typealias PageFetcher = @Sendable (_ token: String?) async throws -> (items: [Element], next: String?)

    let fetch: PageFetcher
    /// The most pages fetched (a guard against a service that repeats a token).
    let maximumPages: Int

    /// Creates a paginator.
    public init(maximumPages: Int = 10_000, fetch: @escaping PageFetcher) {
        self.fetch = fetch
        self.maximumPages = maximumPages
    }

    /// Reads every item (for short lists).
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await item in self { all.append(item) }
        return all
    }

    public func makeAsyncIterator() -> Iterator { Iterator(fetch: fetch, maximumPages: maximumPages) }

    /// Walks the pages.
    public struct Iterator: AsyncIteratorProtocol {
        let fetch: PageFetcher
        let maximumPages: Int
        var buffer: [Element] = []
        var position = 0
        var token: String?
        var pages = 0
        var finished = false

        init(fetch: @escaping PageFetcher, maximumPages: Int) {
            self.fetch = fetch
            self.maximumPages = maximumPages
        }

        public mutating func next() async throws -> Element? {
            while position == buffer.count {
                guard !finished, pages < maximumPages else { return nil }
                let page = try await fetch(token)
                pages += 1
                buffer = page.items
                position = 0
                if let next = page.next, !next.isEmpty, next != token {
                    token = next
                } else {
                    finished = true
                }
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}
