namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>Defaulting and validation applied to every create and update, as the API server's admission chain does.</summary>
public interface IAdmissionPlugin
{
    void Admit(AdmissionRequest request);
}
