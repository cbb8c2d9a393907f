import Farkas
import Foundation

/// `farkas atlas`: the linear regions of a two-input model, as text, JSON
/// or an SVG picture.
struct AtlasCommand: Subcommand {
    static let specification = CommandSpecification(
        name: "atlas",
        abstract: "List the linear regions of a model with 2 to 5 inputs, with their exact forms and probabilities, and draw them (2 or 3 inputs).",
        discussion: """
            Each region is a cone of the plane where every hidden neuron keeps its phase: its rays, \
            its active neurons per step, each logit's exact linear form, which logit wins and whether \
            that is the task's answer (task from the file name, or --task), and its probability for \
            x ~ N(0, I), certified. --svg draws the cones, coloured by activation pattern, the wrong \
            ones red. Bias-free models with 2 inputs (the plane's cones) or 3 (the sphere's cells by activation pattern, drawn in an equal-area projection of each hemisphere); with 4 or 5 the activation patterns are listed, most probable first, with estimated probabilities (not certified) and no picture.
            """,
        argumentName: "model",
        argumentHelp: "The model file (.pth or .safetensors).",
        acceptsSeveralArguments: false,
        options: [
            .value("where", "condition", help: "Only the inputs where this condition holds, in claims syntax over x and m (such as \"x[0] > 0\")."),
            .value("svg", "file", help: "Also write the picture to this SVG file."),
            .value("task", "name", help: "The task that decides right and wrong: 2nd-argmax or argmedian (default: from the file name)."),
        ] + modelOptions
    )

    let model: String
    let condition: String?
    let svg: String?
    let sequenceLength: Int?
    let json: Bool
    let task: AlgZooTask?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        model = arguments.positional[0]
        condition = arguments.string("where")
        svg = arguments.string("svg")
        sequenceLength = try arguments.integer("seq", in: 1...Int.max, command: Self.specification)
        json = arguments.flag("json")
        task = try arguments.task(command: Self.specification)
    }

    func run() throws {
        let loaded = try loadModel(model, sequenceLength: sequenceLength)
        do {
            if loaded.adapter.inputCount == 4 || loaded.adapter.inputCount == 5 {
                if svg != nil {
                    reportError("\(model): --svg draws models with 2 or 3 inputs; this one reads \(loaded.adapter.inputCount): use the text or --json")
                    throw ExitCode.usage
                }
                let atlas: ConeAtlas
                do {
                    defer { ProgressLine.clear() }
                    atlas = try ConeAtlas.build(
                        path: model, sequenceLength: sequenceLength, condition: condition, task: task,
                        jobs: ProcessInfo.processInfo.activeProcessorCount, progress: ProgressLine.make())
                }
                print(json ? try jsonText(atlas) : atlas.text)
            } else if loaded.adapter.inputCount == 3 {
                let atlas = try SphereAtlas.build(path: model, sequenceLength: sequenceLength, condition: condition, task: task)
                if let svg { try writeText(atlas.svg, to: svg) }
                print(json ? try jsonText(atlas) : atlas.text)
            } else {
                let atlas = try Atlas.build(path: model, sequenceLength: sequenceLength, condition: condition, task: task)
                if let svg { try writeText(atlas.svg, to: svg) }
                print(json ? try jsonText(atlas) : atlas.text)
            }
        } catch let error as AtlasError {
            reportError("\(model): \(error.description)")
            throw ExitCode.dataError
        } catch let error as ClaimsFileError {
            writeToStandardError(error.description + "\n")
            throw ExitCode.dataError
        }
    }
}
