extension ClaimsDocument {
    /// Reads, checks and lowers a claims file, loading its models from
    /// disk (paths relative to the file).
    ///
    /// - Throws: ``ClaimsFileError`` with every diagnostic found, each with
    ///   its line, column and a caret when rendered.
    public static func load(path: String) throws(ClaimsFileError) -> ClaimsDocument {
        try load(path: path, loadModel: Verifier.modelLoader)
    }
}
