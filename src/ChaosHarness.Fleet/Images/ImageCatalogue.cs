using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace ChaosHarness.Fleet.Images;

/// <summary>
/// Which image versions do what in the embedded fleet: the catalogue the kubelets (through <see cref="CataloguePodBehaviour"/>)
/// and the traffic router read. A version resolves, first match wins, to: its own entry (<c>repository:tag</c>); the behaviour
/// its tag suffix names (<see cref="TagSuffix"/>); its repository's entry; healthy. Suffix and version behaviours take their
/// repository's latency unless they carry their own. Loaded from a file and changed at run time (the fleet's control API);
/// thread-safe. Pods started after a change follow it in their lifecycle; requests follow it at once.
/// </summary>
public sealed class ImageCatalogue
{
    private const string BuiltInResource = "ChaosHarness.Fleet.Images.images.yaml";

    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImageBehaviour> _versions = ImmutableDictionary.Create<string, ImageBehaviour>(StringComparer.Ordinal);
    private ImmutableDictionary<string, ImageBehaviour> _repositories = ImmutableDictionary.Create<string, ImageBehaviour>(StringComparer.Ordinal);
    private ImmutableHashSet<string> _controllers = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    // Replaced, not cleared, on every change: a resolution racing a change lands in the discarded cache.
    private ConcurrentDictionary<string, ImageBehaviour> _resolved = new(StringComparer.Ordinal);

    /// <summary>Raised after any change, so that routing tables built from resolved behaviours are rebuilt.</summary>
    public event Action? Changed;

    /// <summary>The catalogue the fleet starts with: <c>Images/images.yaml</c>, embedded in the assembly.</summary>
    public static ImageCatalogue CreateDefault()
    {
        using var stream = typeof(ImageCatalogue).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"The built-in image catalogue {BuiltInResource} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return FromFile(ImageCatalogueFile.Parse(reader.ReadToEnd(), "images.yaml"), "images.yaml");
    }

    public static ImageCatalogue Load(string path) => FromFile(ImageCatalogueFile.Parse(File.ReadAllText(path), path), path);

    public static ImageCatalogue FromFile(ImageCatalogueFile file, string source)
    {
        var catalogue = new ImageCatalogue();
        catalogue.Apply(file, source);
        return catalogue;
    }

    /// <summary>Adds (or replaces) every repository and version a catalogue file names.</summary>
    public void Apply(ImageCatalogueFile file, string source)
    {
        foreach (var (repository, index) in file.Repositories.Select((r, i) => (r, i)))
        {
            var where = $"{source}: repositories[{index}]";
            if (string.IsNullOrWhiteSpace(repository.Repository)) throw new FormatException($"{where}: repository is required.");
            var latency = new ImageBehaviour().WithLatency(
                repository.LatencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : ImageBehaviour.DefaultLatency,
                repository.JitterMs is { } jitter ? TimeSpan.FromMilliseconds(jitter) : ImageBehaviour.DefaultLatencyJitter);
            var basis = ImageCatalogueFile.BehaviourOf(repository.Behaviour, repository.ErrorPercent, null, null, latency, where);
            Set(repository.Repository, basis);
            if (repository.Controller) MarkController(repository.Repository);
            foreach (var (version, v) in repository.Versions.Select((e, i) => (e, i)))
            {
                var at = $"{where}.versions[{v}]";
                if (string.IsNullOrWhiteSpace(version.Tag)) throw new FormatException($"{at}: tag is required.");
                var versionLatency = basis.WithLatency(
                    version.LatencyMs is { } vms ? TimeSpan.FromMilliseconds(vms) : basis.Latency,
                    version.JitterMs is { } vj ? TimeSpan.FromMilliseconds(vj) : basis.LatencyJitter);
                Set($"{repository.Repository}:{version.Tag}", ImageCatalogueFile.BehaviourOf(
                    version.Behaviour, version.ErrorPercent, version.CrashAfterSeconds, version.WarmUpSeconds, versionLatency, at));
            }
        }
    }

    /// <summary>How containers of <paramref name="image"/> behave.</summary>
    public ImageBehaviour Resolve(string image) => Volatile.Read(ref _resolved).GetOrAdd(image, ResolveUncached);

    /// <summary>Whether <paramref name="image"/> is a controller's image (its Deployment may lose its readiness gate to a defect).</summary>
    public bool IsController(string image) => _controllers.Contains(ImageReference.Parse(image).Repository);

    /// <summary>
    /// Gives <paramref name="image"/> a behaviour: a <c>repository:tag</c> names one version, a bare repository every version
    /// of it that has no entry and no behaviour suffix.
    /// </summary>
    public void Set(string image, ImageBehaviour behaviour)
    {
        lock (_gate)
        {
            if (IsVersion(image)) _versions = _versions.SetItem(image, behaviour);
            else _repositories = _repositories.SetItem(image, behaviour);
            Volatile.Write(ref _resolved, new ConcurrentDictionary<string, ImageBehaviour>(StringComparer.Ordinal));
        }

        Changed?.Invoke();
    }

    /// <summary>Forgets the entry of <paramref name="image"/> (a version or a repository); false when it had none.</summary>
    public bool Remove(string image)
    {
        bool removed;
        lock (_gate)
        {
            var before = (_versions, _repositories);
            if (IsVersion(image)) _versions = _versions.Remove(image);
            else _repositories = _repositories.Remove(image);
            removed = before != (_versions, _repositories);
            Volatile.Write(ref _resolved, new ConcurrentDictionary<string, ImageBehaviour>(StringComparer.Ordinal));
        }

        if (removed) Changed?.Invoke();
        return removed;
    }

    public void MarkController(string repository)
    {
        lock (_gate) _controllers = _controllers.Add(repository);
        Changed?.Invoke();
    }

    /// <summary>Every entry: versions as <c>repository:tag</c>, repositories bare.</summary>
    public IReadOnlyDictionary<string, ImageBehaviour> Entries
    {
        get
        {
            lock (_gate) return _repositories.SetItems(_versions);
        }
    }

    public IReadOnlyCollection<string> ControllerRepositories => _controllers;

    private ImageBehaviour ResolveUncached(string image)
    {
        var reference = ImageReference.Parse(image);
        var versionKey = $"{reference.Repository}:{reference.Tag}";
        if (_versions.TryGetValue(versionKey, out var version)) return version;
        var repository = _repositories.GetValueOrDefault(reference.Repository);
        if (TagSuffix.BehaviourOf(reference.Tag) is { } named)
        {
            return repository is null ? named : named.WithLatency(repository.Latency, repository.LatencyJitter);
        }

        return repository ?? ImageBehaviour.Healthy;
    }

    private static bool IsVersion(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/');
    }
}
